app_name = "locum"

urlpatterns = []
